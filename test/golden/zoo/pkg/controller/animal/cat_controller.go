/*
Copyright 2026 The Zoo Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package animal

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	animalv1alpha1 "demo.io/zoo/pkg/apis/animal/v1alpha1"
)

// CatReconciler brings each Cat of animal.demo.io/v1alpha1 to its
// desired state. This file is yours: apiboot never rewrites it.
//
// The example reports what it has seen: a Ready condition and
// status.observedGeneration set to the generation of the spec it acted on, and an
// Event. Replace it with what your kind should make happen.
type CatReconciler struct {
	client.Client
	Recorder events.EventRecorder
}

// Reconcile is called with the name of a Cat whenever it, or something
// the controller watches for it, changes. An error, or a conflict on update,
// has it called again later.
func (r *CatReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	logger := log.FromContext(ctx)

	var obj animalv1alpha1.Cat
	if err := r.Get(ctx, req.NamespacedName, &obj); err != nil {
		// Deleted meanwhile: nothing left to do.
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if obj.Status.ObservedGeneration == obj.Generation && meta.IsStatusConditionTrue(obj.Status.Conditions, "Ready") {
		return ctrl.Result{}, nil
	}

	obj.Status.ObservedGeneration = obj.Generation
	meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{
		Type:               "Ready",
		Status:             metav1.ConditionTrue,
		Reason:             "Reconciled",
		Message:            "The Cat has been reconciled.",
		ObservedGeneration: obj.Generation,
	})
	if err := r.Status().Update(ctx, &obj); err != nil {
		return ctrl.Result{}, err
	}
	r.Recorder.Eventf(&obj, nil, corev1.EventTypeNormal, "Reconciled", "Reconcile", "Reconciled generation %d", obj.Generation)
	logger.Info("reconciled", "generation", obj.Generation)
	return ctrl.Result{}, nil
}

// SetupWithManager has the manager call Reconcile for every change of a Cat.
func (r *CatReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		For(&animalv1alpha1.Cat{}).
		Named("animal-cat").
		Complete(r)
}

/*
Copyright 2026 The Demo Authors.

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
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	animalv1alpha1 "demo.io/catdemo/pkg/apis/animal/v1alpha1"
)

func TestReconcileCat(t *testing.T) {
	scheme := runtime.NewScheme()
	scheme.AddKnownTypes(animalv1alpha1.SchemeGroupVersion, &animalv1alpha1.Cat{}, &animalv1alpha1.CatList{})
	metav1.AddToGroupVersion(scheme, animalv1alpha1.SchemeGroupVersion)

	obj := &animalv1alpha1.Cat{ObjectMeta: metav1.ObjectMeta{Name: "example", Namespace: "default", Generation: 2}}
	c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(obj).WithStatusSubresource(obj).Build()
	recorder := events.NewFakeRecorder(10)
	r := &CatReconciler{Client: c, Recorder: recorder}

	key := types.NamespacedName{Name: "example", Namespace: "default"}
	if _, err := r.Reconcile(context.Background(), ctrl.Request{NamespacedName: key}); err != nil {
		t.Fatalf("Reconcile: %v", err)
	}

	var got animalv1alpha1.Cat
	if err := c.Get(context.Background(), key, &got); err != nil {
		t.Fatal(err)
	}
	if got.Status.ObservedGeneration != 2 {
		t.Errorf("status.observedGeneration is %d, want 2", got.Status.ObservedGeneration)
	}
	ready := meta.FindStatusCondition(got.Status.Conditions, "Ready")
	if ready == nil || ready.Status != metav1.ConditionTrue || ready.ObservedGeneration != 2 {
		t.Errorf("the Ready condition is %+v, want True at generation 2", ready)
	}
	select {
	case e := <-recorder.Events:
		if !strings.HasPrefix(e, "Normal Reconciled") {
			t.Errorf("the event is %q, want a Normal Reconciled event", e)
		}
	default:
		t.Error("no event was recorded")
	}

	// A name that does not exist (deleted meanwhile) is no error.
	gone := types.NamespacedName{Name: "gone", Namespace: "default"}
	if _, err := r.Reconcile(context.Background(), ctrl.Request{NamespacedName: gone}); err != nil {
		t.Errorf("Reconcile of a deleted object: %v", err)
	}
}

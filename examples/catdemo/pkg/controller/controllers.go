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

// Package controller lists the controllers cmd/controller-manager runs. Each
// kind's reconciler lives in pkg/controller/GROUP; apiboot create resource
// --controller adds it here at the markers.
package controller

import (
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	ctrl "sigs.k8s.io/controller-runtime"

	animalv1alpha1 "demo.io/catdemo/pkg/apis/animal/v1alpha1"
	animalcontroller "demo.io/catdemo/pkg/controller/animal"
	// +apiboot:scaffold:imports
)

// servedVersions are the group versions the controllers read and write, each
// with the function that adds its types to a scheme.
var servedVersions = []struct {
	groupVersion schema.GroupVersion
	addToScheme  func(*runtime.Scheme) error
}{
	{groupVersion: animalv1alpha1.SchemeGroupVersion, addToScheme: animalv1alpha1.AddToScheme},
	// +apiboot:scaffold:scheme
}

// AddToScheme adds the kinds of each served version to a client's scheme,
// under that version only. The API packages also register each type under
// the internal version, for the server; a client must know one kind per Go
// type, or it cannot tell which to send.
func AddToScheme(scheme *runtime.Scheme) error {
	for _, v := range servedVersions {
		all := runtime.NewScheme()
		if err := v.addToScheme(all); err != nil {
			return err
		}
		for kind, t := range all.KnownTypes(v.groupVersion) {
			obj, ok := reflect.New(t).Interface().(runtime.Object)
			if !ok {
				return fmt.Errorf("%s %s is not a runtime.Object", v.groupVersion, kind)
			}
			scheme.AddKnownTypeWithName(v.groupVersion.WithKind(kind), obj)
		}
		metav1.AddToGroupVersion(scheme, v.groupVersion)
	}
	return nil
}

// SetupWithManager registers every controller with the manager.
func SetupWithManager(mgr ctrl.Manager) error {
	for _, setup := range []func(ctrl.Manager) error{
		(&animalcontroller.CatReconciler{Client: mgr.GetClient(), Recorder: mgr.GetEventRecorder("cat-controller")}).SetupWithManager,
		// +apiboot:scaffold:controllers
	} {
		if err := setup(mgr); err != nil {
			return err
		}
	}
	return nil
}

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

// Package dog serves the dogs resource of animal.demo.io/v1 and v1beta1.
package dog

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/utils/ptr"
	// +apiboot:scaffold:imports

	"demo.io/zoo/pkg/apis/animal"
	"demo.io/zoo/pkg/registry"
)

// The hooks Dog has (see pkg/registry/hooks.go), checked by the
// compiler: a method whose signature differs from its hook's would never be
// called. Keep the list in step with the type's methods.
// Defaults belong to each version's Dog, not to the internal type.
var (
	_ registry.Validator       = &animal.Dog{}
	_ registry.TablePrinter    = &animal.Dog{}
	_ registry.FieldSelectable = &animal.Dog{}
)

// NewStorage returns the storage for dogs and its subresources.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*registry.Storage, error) {
	return registry.NewStorage(scheme, optsGetter, registry.Kind[*animal.Dog]{
		Resource:         animal.Resource("dogs"),
		SingularResource: animal.Resource("dog"),
		NamespaceScoped:  true,
		Categories:       []string{"animals"},
		New:              func() *animal.Dog { return &animal.Dog{} },
		NewList:          func() runtime.Object { return &animal.DogList{} },
		Status: &registry.Status[*animal.Dog]{
			CopyStatus: func(dst, src *animal.Dog) { dst.Status = src.Status },
			Conditions: func(o *animal.Dog) []metav1.Condition { return o.Status.Conditions },
		},
		Scale: &registry.Scale[*animal.Dog]{
			SpecReplicasPath: "spec.replicas",
			SpecReplicas:     func(o *animal.Dog) int32 { return ptr.Deref(o.Spec.Replicas, 1) },
			SetSpecReplicas:  func(o *animal.Dog, replicas int32) { o.Spec.Replicas = &replicas },
			StatusReplicas:   func(o *animal.Dog) int32 { return o.Status.Replicas },
			Selector:         func(o *animal.Dog) string { return o.Status.Selector },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*animal.Dog]{
			registry.Action[*animal.Dog, *animal.DogWalk]{
				Name:   "walk",
				New:    func() *animal.DogWalk { return &animal.DogWalk{} },
				Get:    getWalk,
				Update: updateWalk,
			},
			registry.Connector[*animal.Dog, *animal.DogBarkOptions]{
				Name: "bark",
				// Served for POST, authorized as create, since a handler may have side
				// effects; set ReadOnly to serve GET (authorized as get) instead.
				ReadOnly:   false,
				NewOptions: func() *animal.DogBarkOptions { return &animal.DogBarkOptions{} },
				Connect:    connectBark,
			},
			// +apiboot:scaffold:subresources
		},
	})
}

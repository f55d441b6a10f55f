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

// Package dog serves the dogs resource of animal.demo.io/v1beta1.
package dog

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	// +apiboot:scaffold:imports

	"demo.io/zoo/pkg/apis/animal/v1beta1"
	"demo.io/zoo/pkg/registry"
)

// The hooks Dog has (see pkg/registry/hooks.go), checked by the
// compiler: a method whose signature differs from its hook's would never be
// called. Keep the list in step with the type's methods.
var (
	_ registry.Defaulter       = &v1beta1.Dog{}
	_ registry.Validator       = &v1beta1.Dog{}
	_ registry.TablePrinter    = &v1beta1.Dog{}
	_ registry.FieldSelectable = &v1beta1.Dog{}
)

// NewStorage returns the storage for dogs and its subresources.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*registry.Storage, error) {
	return registry.NewStorage(scheme, optsGetter, registry.Kind[*v1beta1.Dog]{
		Resource:         v1beta1.Resource("dogs"),
		SingularResource: v1beta1.Resource("dog"),
		NamespaceScoped:  true,
		Categories:       []string{"animals"},
		New:              func() *v1beta1.Dog { return &v1beta1.Dog{} },
		NewList:          func() runtime.Object { return &v1beta1.DogList{} },
		Status: &registry.Status[*v1beta1.Dog]{
			CopyStatus: func(dst, src *v1beta1.Dog) { dst.Status = src.Status },
			Conditions: func(o *v1beta1.Dog) []metav1.Condition { return o.Status.Conditions },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1beta1.Dog]{
			// +apiboot:scaffold:subresources
		},
	})
}

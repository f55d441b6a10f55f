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

// Package cat serves the cats resource of animal.demo.io/v1alpha1.
package cat

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	// +apiboot:scaffold:imports

	"demo.io/catdemo/pkg/apis/animal/v1alpha1"
	"demo.io/catdemo/pkg/registry"
)

// The hooks Cat has (see pkg/registry/hooks.go), checked by the
// compiler: a method whose signature differs from its hook's would never be
// called. Keep the list in step with the type's methods.
var (
	_ registry.Defaulter       = &v1alpha1.Cat{}
	_ registry.Validator       = &v1alpha1.Cat{}
	_ registry.TablePrinter    = &v1alpha1.Cat{}
	_ registry.FieldSelectable = &v1alpha1.Cat{}
)

// NewStorage returns the storage for cats and its subresources.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*registry.Storage, error) {
	return registry.NewStorage(scheme, optsGetter, registry.Kind[*v1alpha1.Cat]{
		Resource:         v1alpha1.Resource("cats"),
		SingularResource: v1alpha1.Resource("cat"),
		NamespaceScoped:  true,
		New:              func() *v1alpha1.Cat { return &v1alpha1.Cat{} },
		NewList:          func() runtime.Object { return &v1alpha1.CatList{} },
		Status: &registry.Status[*v1alpha1.Cat]{
			CopyStatus: func(dst, src *v1alpha1.Cat) { dst.Status = src.Status },
			Conditions: func(o *v1alpha1.Cat) []metav1.Condition { return o.Status.Conditions },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1alpha1.Cat]{
			// +apiboot:scaffold:subresources
		},
	})
}

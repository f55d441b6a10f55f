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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	// +apiboot:scaffold:imports

	"demo.io/catdemo/pkg/apis/animal/v1alpha1"
	"demo.io/catdemo/pkg/registry"
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
			CopySpec:   func(dst, src *v1alpha1.Cat) { dst.Spec = src.Spec },
			CopyStatus: func(dst, src *v1alpha1.Cat) { dst.Status = src.Status },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1alpha1.Cat]{
			// +apiboot:scaffold:subresources
		},
	})
}

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

// Package habitat serves the habitats resource of animal.demo.io/v1alpha1.
package habitat

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	// +apiboot:scaffold:imports

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
	"demo.io/zoo/pkg/registry"
)

// The hooks Habitat has (see pkg/registry/hooks.go), checked by the
// compiler: a method whose signature differs from its hook's would never be
// called. Keep the list in step with the type's methods.
var (
	_ registry.Defaulter       = &v1alpha1.Habitat{}
	_ registry.Validator       = &v1alpha1.Habitat{}
	_ registry.TablePrinter    = &v1alpha1.Habitat{}
	_ registry.FieldSelectable = &v1alpha1.Habitat{}
)

// NewStorage returns the storage for habitats and its subresources.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*registry.Storage, error) {
	return registry.NewStorage(scheme, optsGetter, registry.Kind[*v1alpha1.Habitat]{
		Resource:         v1alpha1.Resource("habitats"),
		SingularResource: v1alpha1.Resource("habitat"),
		NamespaceScoped:  false,
		New:              func() *v1alpha1.Habitat { return &v1alpha1.Habitat{} },
		NewList:          func() runtime.Object { return &v1alpha1.HabitatList{} },
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1alpha1.Habitat]{
			// +apiboot:scaffold:subresources
		},
	})
}

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

// Package keeper serves the keepers resource of staff.demo.io/v1.
package keeper

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	// +apiboot:scaffold:imports

	"demo.io/zoo/pkg/apis/staff/v1"
	"demo.io/zoo/pkg/registry"
)

// The hooks Keeper has (see pkg/registry/hooks.go), checked by the
// compiler: a method whose signature differs from its hook's would never be
// called. Keep the list in step with the type's methods.
var (
	_ registry.Defaulter       = &v1.Keeper{}
	_ registry.Validator       = &v1.Keeper{}
	_ registry.TablePrinter    = &v1.Keeper{}
	_ registry.FieldSelectable = &v1.Keeper{}
)

// NewStorage returns the storage for keepers and its subresources.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*registry.Storage, error) {
	return registry.NewStorage(scheme, optsGetter, registry.Kind[*v1.Keeper]{
		Resource:         v1.Resource("keepers"),
		SingularResource: v1.Resource("keeper"),
		NamespaceScoped:  true,
		New:              func() *v1.Keeper { return &v1.Keeper{} },
		NewList:          func() runtime.Object { return &v1.KeeperList{} },
		Status: &registry.Status[*v1.Keeper]{
			CopyStatus: func(dst, src *v1.Keeper) { dst.Status = src.Status },
			Conditions: func(o *v1.Keeper) []metav1.Condition { return o.Status.Conditions },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1.Keeper]{
			// +apiboot:scaffold:subresources
		},
	})
}

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

// Package cat serves the cats resource of animal.demo.io/v1alpha1.
package cat

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/utils/ptr"
	// +apiboot:scaffold:imports

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
	"demo.io/zoo/pkg/registry"
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
		ShortNames:       []string{"ct"},
		Categories:       []string{"animals"},
		New:              func() *v1alpha1.Cat { return &v1alpha1.Cat{} },
		NewList:          func() runtime.Object { return &v1alpha1.CatList{} },
		Status: &registry.Status[*v1alpha1.Cat]{
			CopyStatus: func(dst, src *v1alpha1.Cat) { dst.Status = src.Status },
			Conditions: func(o *v1alpha1.Cat) []metav1.Condition { return o.Status.Conditions },
		},
		Scale: &registry.Scale[*v1alpha1.Cat]{
			SpecReplicasPath: "spec.replicas",
			SpecReplicas:     func(o *v1alpha1.Cat) int32 { return ptr.Deref(o.Spec.Replicas, 1) },
			SetSpecReplicas:  func(o *v1alpha1.Cat, replicas int32) { o.Spec.Replicas = &replicas },
			StatusReplicas:   func(o *v1alpha1.Cat) int32 { return o.Status.Replicas },
			Selector:         func(o *v1alpha1.Cat) string { return o.Status.Selector },
		},
		// +apiboot:scaffold:kind
		Subresources: []registry.Subresource[*v1alpha1.Cat]{
			registry.Action[*v1alpha1.Cat, *v1alpha1.CatFeed]{
				Name:   "feed",
				New:    func() *v1alpha1.CatFeed { return &v1alpha1.CatFeed{} },
				Get:    getFeed,
				Update: updateFeed,
			},
			registry.Connector[*v1alpha1.Cat, *v1alpha1.CatLogOptions]{
				Name: "log",
				// Served for POST, authorized as create, since a handler may have side
				// effects; set ReadOnly to serve GET (authorized as get) instead.
				ReadOnly:   false,
				NewOptions: func() *v1alpha1.CatLogOptions { return &v1alpha1.CatLogOptions{} },
				Connect:    connectLog,
			},
			// +apiboot:scaffold:subresources
		},
	})
}

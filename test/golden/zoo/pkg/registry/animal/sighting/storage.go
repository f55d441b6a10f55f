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

// Package sighting serves the sightings resource of animal.demo.io/v1alpha1 from
// the functions of handler.go, not from etcd.
package sighting

import (
	"context"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/registry/rest"
	restclient "k8s.io/client-go/rest"

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
	"demo.io/zoo/pkg/registry"
)

// The hooks Sighting has (see pkg/registry/hooks.go), checked by the
// compiler. Keep the list in step with the type's methods.
var (
	_ registry.TablePrinter    = &v1alpha1.Sighting{}
	_ registry.FieldSelectable = &v1alpha1.Sighting{}
)

// NewStorage returns the storage for sightings. cluster is the server's own
// client configuration for the cluster's kube-apiserver, or nil when the
// server runs without one (--standalone).
func NewStorage(scheme *runtime.Scheme, cluster *restclient.Config) (*registry.Storage, error) {
	h, err := newHandler(cluster)
	if err != nil {
		return nil, err
	}
	store, err := registry.NewHandlerStore(scheme, registry.Kind[*v1alpha1.Sighting]{
		Resource:         v1alpha1.Resource("sightings"),
		SingularResource: v1alpha1.Resource("sighting"),
		NamespaceScoped:  true,
		New:              func() *v1alpha1.Sighting { return &v1alpha1.Sighting{} },
		NewList:          func() runtime.Object { return &v1alpha1.SightingList{} },
	}, registry.Handler[*v1alpha1.Sighting]{
		Get:    h.get,
		List:   h.list,
		Watch:  h.changes,
		Create: h.create,
		Delete: h.delete,
	})
	if err != nil {
		return nil, err
	}
	return &registry.Storage{Resource: v1alpha1.Resource("sightings"), REST: &REST{store}}, nil
}

// REST serves sightings: get, list, watch, create and delete. Discovery lists exactly the verbs
// it has a method for, and the API server answers any other verb with 405
// Method Not Allowed; `apiboot create resource --verbs --force` changes them.
type REST struct {
	*registry.HandlerStore[*v1alpha1.Sighting]
}

var (
	_ rest.Getter          = &REST{}
	_ rest.Lister          = &REST{}
	_ rest.Watcher         = &REST{}
	_ rest.Creater         = &REST{}
	_ rest.GracefulDeleter = &REST{}
)

// Get implements rest.Getter.
func (r *REST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.GetObject(ctx, name, options)
}

// List implements rest.Lister.
func (r *REST) List(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	return r.ListObjects(ctx, options)
}

// Watch implements rest.Watcher.
func (r *REST) Watch(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	return r.WatchObjects(ctx, options)
}

// Create implements rest.Creater.
func (r *REST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	return r.CreateObject(ctx, obj, createValidation, options)
}

// Delete implements rest.GracefulDeleter.
func (r *REST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc, options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	return r.DeleteObject(ctx, name, deleteValidation, options)
}

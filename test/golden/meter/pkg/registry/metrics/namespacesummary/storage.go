/*
Copyright 2026 The Meter Authors.

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

// Package namespacesummary serves the namespacesummaries resource of metrics.demo.io/v1alpha1 from
// the functions of handler.go, not from etcd.
package namespacesummary

import (
	"context"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
	restclient "k8s.io/client-go/rest"

	"demo.io/meter/pkg/apis/metrics/v1alpha1"
	"demo.io/meter/pkg/registry"
)

// The hooks NamespaceSummary has (see pkg/registry/hooks.go), checked by the
// compiler. Keep the list in step with the type's methods.
var (
	_ registry.TablePrinter = &v1alpha1.NamespaceSummary{}
)

// NewStorage returns the storage for namespacesummaries. cluster is the server's own
// client configuration for the cluster's kube-apiserver, or nil when the
// server runs without one (--standalone).
func NewStorage(scheme *runtime.Scheme, cluster *restclient.Config) (*registry.Storage, error) {
	h, err := newHandler(cluster)
	if err != nil {
		return nil, err
	}
	store, err := registry.NewHandlerStore(scheme, registry.Kind[*v1alpha1.NamespaceSummary]{
		Resource:         v1alpha1.Resource("namespacesummaries"),
		SingularResource: v1alpha1.Resource("namespacesummary"),
		NamespaceScoped:  false,
		New:              func() *v1alpha1.NamespaceSummary { return &v1alpha1.NamespaceSummary{} },
		NewList:          func() runtime.Object { return &v1alpha1.NamespaceSummaryList{} },
	}, registry.Handler[*v1alpha1.NamespaceSummary]{
		Get:  h.get,
		List: h.list,
	})
	if err != nil {
		return nil, err
	}
	return &registry.Storage{Resource: v1alpha1.Resource("namespacesummaries"), REST: &REST{store}}, nil
}

// REST serves namespacesummaries: get and list. Discovery lists exactly the verbs
// it has a method for, and the API server answers any other verb with 405
// Method Not Allowed; `apiboot create resource --verbs --force` changes them.
type REST struct {
	*registry.HandlerStore[*v1alpha1.NamespaceSummary]
}

var (
	_ rest.Getter = &REST{}
	_ rest.Lister = &REST{}
)

// Get implements rest.Getter.
func (r *REST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.GetObject(ctx, name, options)
}

// List implements rest.Lister.
func (r *REST) List(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	return r.ListObjects(ctx, options)
}

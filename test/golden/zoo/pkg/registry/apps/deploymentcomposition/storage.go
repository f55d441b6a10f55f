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

// Package deploymentcomposition serves the compositions subresource of apps/v1
// deployments, as deployments/compositions of apps.demo.io/v1alpha1.
package deploymentcomposition

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	appsv1client "k8s.io/client-go/kubernetes/typed/apps/v1"
	restclient "k8s.io/client-go/rest"

	"demo.io/zoo/pkg/apis/apps/v1alpha1"
	"demo.io/zoo/pkg/registry"
)

// parentResource is the resource of the Deployment objects the subresource reads.
var parentResource = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}

// NewStorage returns the storage for deployments/compositions. cluster is the
// server's own client configuration for the cluster's kube-apiserver (not the
// loopback one of this server), or nil when the server runs without a
// cluster (--standalone). authz is the server's authorizer, which says
// whether the user of a request may get the Deployment.
func NewStorage(cluster *restclient.Config, authz authorizer.Authorizer) (*registry.Storage, error) {
	r := &REST{TableConvertor: rest.NewDefaultTableConvertor(v1alpha1.Resource("deployments/compositions")), authorizer: authz}
	if cluster != nil {
		config := restclient.CopyConfig(cluster)
		// Every GET of the subresource is one GET (or one list) of deployments, so the
		// client's rate limit caps the subresource: client-go's default of 5
		// requests a second is meant for command line tools. The
		// kube-apiserver still protects itself with priority and fairness.
		config.QPS, config.Burst = 50, 100
		restclient.AddUserAgent(config, "zoo-apiserver/deployments-compositions")
		client, err := appsv1client.NewForConfig(config)
		if err != nil {
			return nil, fmt.Errorf("unable to create the client for apps/v1 deployments: %w", err)
		}
		r.parents = client
	}
	return registry.NewForeignSubresourceStorage(registry.ForeignResource{
		Resource:         v1alpha1.Resource("deployments"),
		SingularResource: v1alpha1.Resource("deployment"),
		NamespaceScoped:  true,
	}, "compositions", r), nil
}

// REST serves deployments/compositions: GET only. It reads the Deployment
// with the server's own credentials, so the server's ClusterRole needs get
// (and list, for the name *) on deployments in apps. A user needs both get on
// deployments/compositions in apps.demo.io (checked by the server before the request
// gets here) and get on the Deployment itself, or list on deployments for the name *
// (checked here, before the server reads them).
type REST struct {
	rest.TableConvertor
	// parents is nil without a cluster.
	parents appsv1client.DeploymentsGetter
	// authorizer decides whether the user may get the Deployment.
	authorizer authorizer.Authorizer
}

var (
	_ rest.Getter               = &REST{}
	_ rest.TableConvertor       = &REST{}
	_ registry.AllParentsGetter = &REST{}
)

// New implements rest.Storage.
func (r *REST) New() runtime.Object {
	return &v1alpha1.DeploymentComposition{}
}

// Destroy implements rest.Storage. The client holds nothing to release.
func (r *REST) Destroy() {}

// Get implements rest.Getter: name is the Deployment's, and the namespace
// comes from the request path. The name * (registry.AllParents) reads the
// compositions of every Deployment of the namespace, or of every namespace on
// the route without one, as a DeploymentCompositionList.
func (r *REST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	if r.parents == nil {
		return nil, apierrors.NewServiceUnavailable("deployments/compositions reads Deployment objects from a cluster, and this server runs without one (--standalone)")
	}
	// metav1.NamespaceAll ("") only on the route across all namespaces.
	namespace, _ := genericapirequest.NamespaceFrom(ctx)
	if name == registry.AllParents {
		return r.getAll(ctx, namespace, options)
	}
	if namespace == metav1.NamespaceAll {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("a Deployment is named within a namespace: read /namespaces/NAMESPACE/deployments/%s/compositions, or use the name * for every Deployment", name))
	}
	if err := registry.AuthorizeParent(ctx, r.authorizer, parentResource, namespace, name); err != nil {
		return nil, err
	}
	parent, err := r.parents.Deployments(namespace).Get(ctx, name, metav1.GetOptions{ResourceVersion: options.ResourceVersion})
	switch {
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		// The client may read the subresource (this server authorized it),
		// but the server itself may not read the Deployment: answering 403
		// would blame the client for the server's missing RBAC.
		return nil, apierrors.NewInternalError(fmt.Errorf("the server cannot read deployments.apps %s (its ClusterRole needs get on deployments in apps): %w", namespace+"/"+name, err))
	case err != nil:
		// NotFound (deployments.apps "NAME" not found), Timeout,
		// TooManyRequests, ... mean the same to the client as to the server.
		return nil, err
	}
	return compose(parent), nil
}

// NewList implements registry.AllParentsGetter.
func (r *REST) NewList() runtime.Object {
	return &v1alpha1.DeploymentCompositionList{}
}

// getAll reads every Deployment of namespace (all of them when it is
// metav1.NamespaceAll) with one list, not one get each, and composes the
// compositions of each. The list carries the resourceVersion of that read.
func (r *REST) getAll(ctx context.Context, namespace string, options *metav1.GetOptions) (runtime.Object, error) {
	if err := registry.AuthorizeParent(ctx, r.authorizer, parentResource, namespace, registry.AllParents); err != nil {
		return nil, err
	}
	parents, err := r.parents.Deployments(namespace).List(ctx, metav1.ListOptions{ResourceVersion: options.ResourceVersion})
	switch {
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		return nil, apierrors.NewInternalError(fmt.Errorf("the server cannot list deployments.apps%s (its ClusterRole needs list on deployments in apps): %w", inNamespace(namespace), err))
	case err != nil:
		return nil, err
	}
	list := &v1alpha1.DeploymentCompositionList{
		ListMeta: metav1.ListMeta{ResourceVersion: parents.ResourceVersion},
		Items:    make([]v1alpha1.DeploymentComposition, 0, len(parents.Items)),
	}
	for i := range parents.Items {
		list.Items = append(list.Items, *compose(&parents.Items[i]))
	}
	return list, nil
}

func inNamespace(namespace string) string {
	if namespace == metav1.NamespaceAll {
		return " in all namespaces"
	}
	return " in namespace " + namespace
}

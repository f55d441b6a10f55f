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

package registry

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
)

// ForeignResource describes a resource that another API server serves, such
// as the deployments of apps/v1, to which this server adds a subresource.
//
// An aggregated API server owns whole group versions: it cannot add a path to
// apps/v1. So it serves the subresource in a group version of its own, under
// the parent's resource name, as in
// /apis/apps.demo.io/v1alpha1/namespaces/NS/deployments/NAME/compositions.
// RBAC then grants it as the resource deployments/compositions of that group,
// and the subresource reads the parent object from the cluster.
type ForeignResource struct {
	// Resource is the parent's plural resource in this server's group, such
	// as deployments.apps.demo.io.
	Resource schema.GroupResource
	// SingularResource is the parent's singular resource in this server's
	// group, such as deployment.apps.demo.io.
	SingularResource schema.GroupResource
	// NamespaceScoped is the scope of the parent, which its subresources share.
	NamespaceScoped bool
}

// NewForeignSubresourceStorage returns the storage of one subresource of a
// resource another server serves: the subresource itself, and a stand-in for
// its parent.
func NewForeignSubresourceStorage(parent ForeignResource, subresource string, storage rest.Storage) *Storage {
	return &Storage{
		Resource:     parent.Resource,
		REST:         &ForeignParentREST{resource: parent, newFunc: storage.New},
		Subresources: map[string]rest.Storage{subresource: storage},
	}
}

// ForeignParentREST stands in for the parent of foreign subresources. The
// generic API server installs a subresource only when the storage of its
// parent is installed too, and takes the subresource's scope from it.
//
// It serves nothing: it implements no verb, so no route exists for it, and
// discovery lists the parent with an empty list of verbs, which kubectl
// api-resources and the controllers that walk discovery (garbage collector,
// namespace deletion, quota) skip.
type ForeignParentREST struct {
	resource ForeignResource
	// newFunc returns an object of the subresource's kind. Discovery names
	// the parent's kind from it; that kind must be registered in this group
	// version, and the parent's own kind (apps/v1 Deployment) is not.
	newFunc func() runtime.Object
}

var (
	_ rest.Scoper               = &ForeignParentREST{}
	_ rest.SingularNameProvider = &ForeignParentREST{}
)

// New implements rest.Storage.
func (r *ForeignParentREST) New() runtime.Object {
	return r.newFunc()
}

// Destroy implements rest.Storage. There is nothing to release.
func (r *ForeignParentREST) Destroy() {}

// NamespaceScoped implements rest.Scoper.
func (r *ForeignParentREST) NamespaceScoped() bool {
	return r.resource.NamespaceScoped
}

// GetSingularName implements rest.SingularNameProvider.
func (r *ForeignParentREST) GetSingularName() string {
	return r.resource.SingularResource.Resource
}

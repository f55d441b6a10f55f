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

package apiserver

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	restclient "k8s.io/client-go/rest"

	animalv1alpha1 "demo.io/catdemo/pkg/apis/animal/v1alpha1"
	"demo.io/catdemo/pkg/registry"
	animalcat "demo.io/catdemo/pkg/registry/animal/cat"
	// +apiboot:scaffold:imports
)

// resource is a resource the server serves in one group version.
type resource struct {
	groupVersion schema.GroupVersion
	// name is the plural resource name, as in the URL path. For a subresource
	// of a resource another API server serves, it is RESOURCE/SUBRESOURCE,
	// such as deployments/compositions.
	name string
	// newStorage builds the resource's storage, subresources included.
	newStorage func(*runtime.Scheme, generic.RESTOptionsGetter) (*registry.Storage, error)
	// newForeignStorage, set instead of newStorage, builds the storage of a
	// subresource of a resource another API server serves (see
	// registry.ForeignResource). It reads the parent objects through cluster,
	// the server's client configuration for its kube-apiserver, which is nil
	// in --standalone mode; and asks authz whether the user of a request may
	// read the parent.
	newForeignStorage func(cluster *restclient.Config, authz authorizer.Authorizer) (*registry.Storage, error)
	// newHandlerStorage, set instead of newStorage, builds the storage of a
	// kind served by functions of its handler.go rather than stored in etcd
	// (see registry.NewHandlerStore). cluster is as for newForeignStorage.
	newHandlerStorage func(scheme *runtime.Scheme, cluster *restclient.Config) (*registry.Storage, error)
}

// UsesEtcd tells whether any resource is stored in etcd. A server whose
// kinds are all served by handlers runs without etcd, and has no etcd flags.
func UsesEtcd() bool {
	for _, r := range resources {
		if r.newStorage != nil {
			return true
		}
	}
	return false
}

// resources lists every resource the server serves: this is the one place a
// resource is registered, and `apiboot create resource` adds to it. A
// resource's subresources (such as cats/status) come with its storage; a
// subresource of a resource another server serves (such as
// deployments/compositions for apps/v1 Deployments) is listed on its own, by
// `apiboot create subresource --for-kind`. A kind served in several versions
// is listed once per version, with the same storage: the storage works on the
// kind's internal type (pkg/apis/GROUP), is built once for all its versions,
// and the scheme converts each request's version to it and back.
var resources = []resource{
	{groupVersion: animalv1alpha1.SchemeGroupVersion, name: "cats", newStorage: animalcat.NewStorage},
	// +apiboot:scaffold:resources
}

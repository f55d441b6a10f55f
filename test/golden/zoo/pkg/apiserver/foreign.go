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

package apiserver

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"demo.io/zoo/pkg/registry"
)

// A project has this file once it serves a subresource of a resource another
// server serves (apiboot create subresource --for-kind).

func init() {
	extraRoutes = append(extraRoutes, installAllNamespacesRoutes)
}

// installAllNamespacesRoutes serves GET PARENTS/*/SUBRESOURCE without a
// namespace, for the foreign subresources of namespaced parents: a route the
// generic installer does not make (see registry.InstallAllNamespacesRoutes).
func installAllNamespacesRoutes(s *Server, groups []*genericapiserver.APIGroupInfo) error {
	for _, group := range groups {
		for version, storage := range group.VersionedResourcesStorageMap {
			groupVersion := schema.GroupVersion{Group: group.PrioritizedVersions[0].Group, Version: version}
			if err := registry.InstallAllNamespacesRoutes(s.GenericAPIServer.Handler.GoRestfulContainer, groupVersion, storage, withoutProtobuf{Codecs}); err != nil {
				return err
			}
		}
	}
	return nil
}

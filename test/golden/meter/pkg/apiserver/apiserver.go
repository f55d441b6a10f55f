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

// Package apiserver builds the API server from its configuration: the generic
// Kubernetes API server, plus the resources listed in resources.go.
package apiserver

import (
	"fmt"
	"net/http"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	apirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericfilters "k8s.io/apiserver/pkg/server/filters"
	restclient "k8s.io/client-go/rest"

	"demo.io/meter/pkg/registry"
)

// ExtraConfig holds the configuration of this server beyond the generic one.
type ExtraConfig struct {
	// ClusterConfig is the client configuration of the cluster's
	// kube-apiserver, with the server's own credentials (--kubeconfig, or the
	// pod's service account); nil in --standalone mode. It is kept here
	// because RecommendedConfig.Complete drops it.
	ClusterConfig *restclient.Config
	// APIGroups are API groups served beside those of resources.go, each
	// built from the REST options of the server, such as the Events of
	// --standalone mode (see pkg/cmd/server/events.go, in a project that
	// stores a kind in etcd).
	APIGroups []func(generic.RESTOptionsGetter) (*genericapiserver.APIGroupInfo, error)

	// Add your own configuration here.
}

// Config is the configuration of the server.
type Config struct {
	GenericConfig *genericapiserver.RecommendedConfig
	ExtraConfig   ExtraConfig
}

type completedConfig struct {
	GenericConfig genericapiserver.CompletedConfig
	ExtraConfig   *ExtraConfig
}

// CompletedConfig is a Config with every default filled in. Only Complete
// can make one, so New always gets a complete configuration.
type CompletedConfig struct {
	*completedConfig
}

// Complete fills in the fields of the configuration that are not set. It
// changes the receiver.
func (cfg *Config) Complete() CompletedConfig {
	c := completedConfig{
		GenericConfig: cfg.GenericConfig.Complete(),
		ExtraConfig:   &cfg.ExtraConfig,
	}
	return CompletedConfig{&c}
}

// Server is the API server.
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
}

// New returns a server, with every resource in resources installed.
func (c completedConfig) New() (*Server, error) {
	// GenericConfig.New builds the handler chain, which cuts requests at the
	// request timeout unless LongRunningFunc says otherwise; streams such as
	// log?follow=true must not be cut, so the storage comes first to tell
	// which subresources are connect subresources.
	groups, err := apiGroups(c.GenericConfig.RESTOptionsGetter, c.ExtraConfig.ClusterConfig, c.GenericConfig.Authorization.Authorizer)
	if err != nil {
		return nil, err
	}
	for _, build := range c.ExtraConfig.APIGroups {
		group, err := build(c.GenericConfig.RESTOptionsGetter)
		if err != nil {
			destroy(groups)
			return nil, err
		}
		groups = append(groups, group)
	}
	c.GenericConfig.LongRunningFunc = longRunningCheck(groups)

	genericServer, err := c.GenericConfig.New("meter-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		// The storage holds etcd clients and watch caches that nothing
		// else would release.
		destroy(groups)
		return nil, err
	}
	s := &Server{GenericAPIServer: genericServer}
	if err := s.GenericAPIServer.InstallAPIGroups(groups...); err != nil {
		return nil, err
	}
	for _, install := range extraRoutes {
		if err := install(s, groups); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// extraRoutes add routes that the generic installer does not make, once it
// has installed the API groups. The file of a feature that needs one adds
// it, such as foreign.go in a project with subresources of resources other
// servers serve.
var extraRoutes []func(*Server, []*genericapiserver.APIGroupInfo) error

// apiGroups builds the storage of every resource in resources, and sorts
// it into API groups and versions. authz is the server's authorizer, which
// foreign subresources ask whether a user may read their parent.
func apiGroups(optsGetter generic.RESTOptionsGetter, cluster *restclient.Config, authz authorizer.Authorizer) (groups []*genericapiserver.APIGroupInfo, err error) {
	defer func() {
		if err != nil {
			destroy(groups)
		}
	}()
	byName := map[string]*genericapiserver.APIGroupInfo{}
	built := map[string]*registry.Storage{}
	// standIns are the group versions and names whose storage stands in for
	// a resource another server serves.
	standIns := map[string]bool{}
	for _, r := range resources {
		group := r.groupVersion.Group
		info, ok := byName[group]
		if !ok {
			apiGroupInfo := genericapiserver.NewDefaultAPIGroupInfo(group, Scheme, ParameterCodec, Codecs)
			apiGroupInfo.NegotiatedSerializer = withoutProtobuf{Codecs}
			info = &apiGroupInfo
			byName[group] = info
			groups = append(groups, info)
		}

		// A kind served in several versions is listed once per version, and
		// served by one storage in all of them: one store, one watch cache.
		key := r.groupVersion.Group + "/" + r.name
		storage, ok := built[key]
		if !ok {
			var err error
			switch {
			case r.newForeignStorage != nil:
				storage, err = r.newForeignStorage(cluster, authz)
			case r.newHandlerStorage != nil:
				storage, err = r.newHandlerStorage(Scheme, cluster)
			default:
				storage, err = r.newStorage(Scheme, optsGetter)
			}
			if err != nil {
				return groups, err
			}
			built[key] = storage
		}

		version := info.VersionedResourcesStorageMap[r.groupVersion.Version]
		if version == nil {
			version = map[string]rest.Storage{}
			info.VersionedResourcesStorageMap[r.groupVersion.Version] = version
		}
		// A foreign subresource is listed as RESOURCE/SUBRESOURCE: its storage
		// serves the subresource, and stands in for the resource.
		name, subresource, foreign := strings.Cut(r.name, "/")
		if want := r.groupVersion.WithResource(name).GroupResource(); storage.Resource != want {
			storage.REST.Destroy()
			return groups, fmt.Errorf("resources lists %s in %s, but its storage serves %s", want, r.groupVersion, storage.Resource)
		}
		if _, ok := storage.Subresources[subresource]; foreign && !ok {
			storage.REST.Destroy()
			return groups, fmt.Errorf("resources lists %s in %s, but its storage does not serve it", r.name, r.groupVersion)
		}

		nameKey := r.groupVersion.String() + "/" + name
		if _, ok := version[name]; ok {
			// Subresources of one foreign resource share its stand-in;
			// anything else is a resource listed twice.
			if !standIns[nameKey] || !storage.StandIn {
				storage.REST.Destroy()
				return groups, fmt.Errorf("resources lists %s in %s twice", name, r.groupVersion)
			}
		} else {
			version[name] = storage.REST
			standIns[nameKey] = storage.StandIn
		}
		for subresource, subStorage := range storage.Subresources {
			if _, ok := version[name+"/"+subresource]; ok {
				return groups, fmt.Errorf("resources lists %s/%s in %s twice", name, subresource, r.groupVersion)
			}
			version[name+"/"+subresource] = subStorage
		}
	}
	return groups, nil
}

// destroy releases the storage of groups, once each: a kind served in
// several versions has one storage in all of them.
func destroy(groups []*genericapiserver.APIGroupInfo) {
	destroyed := map[rest.Storage]bool{}
	for _, group := range groups {
		for _, version := range group.VersionedResourcesStorageMap {
			for _, storage := range version {
				if !destroyed[storage] {
					destroyed[storage] = true
					storage.Destroy()
				}
			}
		}
	}
}

// longRunningCheck tells the handler chain which requests may last longer
// than --request-timeout, and are not counted by --max-requests-inflight:
// watches, and requests to a connect subresource (a rest.Connecter) of the
// resource it belongs to. A subresource of another resource with the same
// name is not one.
func longRunningCheck(groups []*genericapiserver.APIGroupInfo) apirequest.LongRunningRequestCheck {
	connect := sets.New[string]()
	for _, group := range groups {
		for version, resources := range group.VersionedResourcesStorageMap {
			for path, storage := range resources {
				if _, isConnecter := storage.(rest.Connecter); isConnecter && strings.Contains(path, "/") {
					connect.Insert(group.PrioritizedVersions[0].Group + "/" + version + "/" + path)
				}
			}
		}
	}
	watch := genericfilters.BasicLongRunningRequestCheck(sets.NewString("watch"), sets.NewString())
	return func(r *http.Request, info *apirequest.RequestInfo) bool {
		return watch(r, info) || info.IsResourceRequest && connect.Has(info.APIGroup+"/"+info.APIVersion+"/"+info.Resource+"/"+info.Subresource)
	}
}

// withoutProtobuf offers the serializers of Codecs but protobuf, which the
// server's types do not implement: a client that asks for protobuf first
// (as client-go can) gets JSON instead of 406 Not Acceptable.
type withoutProtobuf struct {
	runtime.NegotiatedSerializer
}

// SupportedMediaTypes implements runtime.NegotiatedSerializer.
func (s withoutProtobuf) SupportedMediaTypes() []runtime.SerializerInfo {
	var infos []runtime.SerializerInfo
	for _, info := range s.NegotiatedSerializer.SupportedMediaTypes() {
		if info.MediaType != runtime.ContentTypeProtobuf {
			infos = append(infos, info)
		}
	}
	return infos
}

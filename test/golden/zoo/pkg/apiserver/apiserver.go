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

// Package apiserver builds the API server from its configuration: the generic
// Kubernetes API server, plus the resources listed in resources.go.
package apiserver

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
)

// ExtraConfig holds the configuration of this server beyond the generic one.
type ExtraConfig struct {
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
	genericServer, err := c.GenericConfig.New("zoo-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	s := &Server{GenericAPIServer: genericServer}

	groups, err := apiGroups(c.GenericConfig.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	if err := s.GenericAPIServer.InstallAPIGroups(groups...); err != nil {
		return nil, err
	}
	return s, nil
}

// apiGroups builds the storage of every resource in resources, and sorts
// it into API groups and versions.
func apiGroups(optsGetter generic.RESTOptionsGetter) ([]*genericapiserver.APIGroupInfo, error) {
	var groups []*genericapiserver.APIGroupInfo
	byName := map[string]*genericapiserver.APIGroupInfo{}
	for _, r := range resources {
		group := r.groupVersion.Group
		info, ok := byName[group]
		if !ok {
			apiGroupInfo := genericapiserver.NewDefaultAPIGroupInfo(group, Scheme, metav1.ParameterCodec, Codecs)
			info = &apiGroupInfo
			byName[group] = info
			groups = append(groups, info)
		}

		storage, err := r.newStorage(Scheme, optsGetter)
		if err != nil {
			return nil, err
		}
		if want := r.groupVersion.WithResource(r.name).GroupResource(); storage.Resource != want {
			return nil, fmt.Errorf("resources lists %s in %s, but its storage serves %s", want, r.groupVersion, storage.Resource)
		}

		version := info.VersionedResourcesStorageMap[r.groupVersion.Version]
		if version == nil {
			version = map[string]rest.Storage{}
			info.VersionedResourcesStorageMap[r.groupVersion.Version] = version
		}
		version[r.name] = storage.REST
		for subresource, subStorage := range storage.Subresources {
			version[r.name+"/"+subresource] = subStorage
		}
	}
	return groups, nil
}

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
	"time"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"demo.io/catdemo/pkg/registry"
)

// In a cluster, controllers record their Events with kube-apiserver. In
// --standalone mode there is none, so the server serves events.k8s.io/v1
// Events itself (see EventsAPIGroup), stored in its own etcd: the
// controllers run next to it (apiboot run local) record theirs there, and
// kubectl get events lists them. In a cluster it serves no Events: they
// belong to kube-apiserver there. A project has this file, and the other
// Events files, once it stores a kind in etcd: without etcd there is nowhere
// to keep them.

func init() {
	// Event is its own hub, as the server's types are (see scheme.go).
	utilruntime.Must(eventsv1.AddToScheme(Scheme))
	Scheme.AddKnownTypes(schema.GroupVersion{Group: eventsv1.GroupName, Version: runtime.APIVersionInternal}, &eventsv1.Event{}, &eventsv1.EventList{})
	utilruntime.Must(Scheme.SetVersionPriority(eventsv1.SchemeGroupVersion))
}

// EventsAPIGroup builds the events.k8s.io group, for ExtraConfig.APIGroups:
// Events in v1, each kept for ttl after it was last written. Their OpenAPI
// definitions must be served too (see WithEventDefinitions).
func EventsAPIGroup(ttl time.Duration) func(generic.RESTOptionsGetter) (*genericapiserver.APIGroupInfo, error) {
	return func(optsGetter generic.RESTOptionsGetter) (*genericapiserver.APIGroupInfo, error) {
		storage, err := registry.NewEventStorage(Scheme, eventRESTOptions{optsGetter}, ttl)
		if err != nil {
			return nil, err
		}
		info := genericapiserver.NewDefaultAPIGroupInfo(eventsv1.GroupName, Scheme, ParameterCodec, Codecs)
		// Event has a protobuf encoding, which clients of kube-apiserver may
		// use: the group keeps every serializer of Codecs.
		info.VersionedResourcesStorageMap[eventsv1.SchemeGroupVersion.Version] = map[string]rest.Storage{"events": storage.REST}
		return &info, nil
	}
}

// eventRESTOptions stores Events as events.k8s.io/v1 JSON. The storage
// codec of the server's options (see StorageCodec) knows the versions of
// the server's own groups only.
type eventRESTOptions struct {
	generic.RESTOptionsGetter
}

// GetRESTOptions implements generic.RESTOptionsGetter.
func (g eventRESTOptions) GetRESTOptions(resource schema.GroupResource, example runtime.Object) (generic.RESTOptions, error) {
	opts, err := g.RESTOptionsGetter.GetRESTOptions(resource, example)
	if err != nil {
		return opts, err
	}
	config := *opts.StorageConfig
	info, _ := runtime.SerializerInfoForMediaType(Codecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	config.Codec = Codecs.CodecForVersions(info.Serializer, Codecs.UniversalDeserializer(), eventsv1.SchemeGroupVersion, runtime.InternalGroupVersioner)
	config.EncodeVersioner = eventsv1.SchemeGroupVersion
	opts.StorageConfig = &config
	return opts, nil
}

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
	"reflect"
	"sort"

	animalv1alpha1 "demo.io/catdemo/pkg/apis/animal/v1alpha1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/endpoints/openapi"
	// +apiboot:scaffold:imports
)

var (
	// Scheme knows every type the server serves, under every version.
	Scheme = runtime.NewScheme()
	// Codecs encodes and decodes the types of Scheme, for requests and for etcd.
	Codecs = serializer.NewCodecFactory(Scheme)
	// ParameterCodec decodes query parameters into options of Scheme, such as
	// those of a connect subresource; metav1.ParameterCodec knows only the
	// meta options (ListOptions, ...).
	ParameterCodec = runtime.NewParameterCodec(Scheme)
)

// groupVersions lists every API group version the server serves, with the
// function that adds its types to Scheme. Within a group, the versions are
// ranked as Kubernetes ranks them (v1 over v1beta1 over v1alpha1, see
// sortedGroupVersions), as the APIServices' versionPriority ranks them too:
// the first is the preferred version, the one clients use by default. A kind
// is stored in etcd in the first version it is served in, unless PROJECT
// names another for a kind served in several (see storage_versions.go).
var groupVersions = []struct {
	groupVersion schema.GroupVersion
	addToScheme  func(*runtime.Scheme) error
}{
	{groupVersion: animalv1alpha1.SchemeGroupVersion, addToScheme: animalv1alpha1.AddToScheme},
	// +apiboot:scaffold:scheme
}

func init() {
	var groups []string
	versions := map[string][]schema.GroupVersion{}
	for _, gv := range groupVersions {
		utilruntime.Must(gv.addToScheme(Scheme))
	}
	for _, gv := range sortedGroupVersions() {
		group := gv.Group
		if _, seen := versions[group]; !seen {
			groups = append(groups, group)
		}
		versions[group] = append(versions[group], gv)
	}
	for _, group := range groups {
		utilruntime.Must(Scheme.SetVersionPriority(versions[group]...))
	}

	// The generic server decodes query parameters such as ListOptions into
	// the v1 types of the empty group, and writes the discovery and Status
	// responses from there.
	metav1.AddToGroupVersion(Scheme, schema.GroupVersion{Version: "v1"})
	unversioned := schema.GroupVersion{Group: "", Version: "v1"}
	Scheme.AddUnversionedTypes(unversioned,
		&metav1.Status{},
		&metav1.APIVersions{},
		&metav1.APIGroupList{},
		&metav1.APIGroup{},
		&metav1.APIResourceList{},
	)

	// Scale subresources serve autoscaling/v1 Scale, as built-in kinds do.
	// The request handlers convert a subresource's objects through the
	// internal version of its kind's group, so Scale is registered there too,
	// as its own hub, as a kind served in one version is.
	Scheme.AddKnownTypes(autoscalingv1.SchemeGroupVersion, &autoscalingv1.Scale{})
	Scheme.AddKnownTypes(schema.GroupVersion{Group: autoscalingv1.GroupName, Version: runtime.APIVersionInternal}, &autoscalingv1.Scale{})
}

// StorageVersions returns every served group version, in priority order. A
// kind is stored in etcd as the first of them it is served in (the preferred
// version of its group, or the next version for a kind that is not served in
// the preferred one), unless storage_versions.go names its storage version.
func StorageVersions() []schema.GroupVersion {
	return sortedGroupVersions()
}

// sortedGroupVersions returns the group versions of groupVersions, each
// group's from the highest priority to the lowest: by Kubernetes' version
// order, as kube-apiserver ranks the APIServices' versions.
func sortedGroupVersions() []schema.GroupVersion {
	versions := make([]schema.GroupVersion, 0, len(groupVersions))
	// Groups keep the order they are listed in.
	groupRank := map[string]int{}
	for _, gv := range groupVersions {
		versions = append(versions, gv.groupVersion)
		if _, seen := groupRank[gv.groupVersion.Group]; !seen {
			groupRank[gv.groupVersion.Group] = len(groupRank)
		}
	}
	sort.SliceStable(versions, func(i, j int) bool {
		a, b := versions[i], versions[j]
		if a.Group != b.Group {
			return groupRank[a.Group] < groupRank[b.Group]
		}
		return version.CompareKubeAwareVersionStrings(a.Version, b.Version) > 0
	})
	return versions
}

// NewDefinitionNamer returns the namer of the OpenAPI definitions, which also
// tags each kind's definition with the group versions it is served in. The
// internal version must not show in the published OpenAPI: a kind served in
// one version is registered under it as its own hub, and a kind served in
// several has its internal type there. So the namer only sees the external
// versions.
func NewDefinitionNamer() *openapi.DefinitionNamer {
	external := runtime.NewScheme()
	for gvk, t := range Scheme.AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		external.AddKnownTypeWithName(gvk, reflect.New(t).Interface().(runtime.Object))
	}
	return openapi.NewDefinitionNamer(external)
}

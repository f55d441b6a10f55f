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

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the name of the API group this package belongs to.
const GroupName = "metrics.demo.io"

// SchemeGroupVersion is the group version the types of this package are served as.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1alpha1"}

// internalGroupVersion is the hub every version of the group is converted
// through. Registering our own types there too makes them their own hub.
var internalGroupVersion = schema.GroupVersion{Group: GroupName, Version: runtime.APIVersionInternal}

var (
	// SchemeBuilder collects the functions that add this package's types to a scheme.
	// Each kind's types file adds its own types (see registerKinds), so adding a kind
	// never means editing this file.
	SchemeBuilder runtime.SchemeBuilder
	// localSchemeBuilder is a pointer so that AddToScheme below sees the functions
	// registered by init functions, which run after package variables are set.
	localSchemeBuilder = &SchemeBuilder
	// AddToScheme adds all types of this group version to a scheme.
	AddToScheme = localSchemeBuilder.AddToScheme
)

func init() {
	localSchemeBuilder.Register(addMetaTypes)
}

// addMetaTypes registers the options and watch types every group version needs
// (ListOptions, WatchEvent, ...) under this group version.
func addMetaTypes(scheme *runtime.Scheme) error {
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}

// registerKinds registers the given types under SchemeGroupVersion and under
// the internal version, with the Default method of each type that has one as
// its defaulting function: the scheme then sets defaults whenever it decodes
// an object, from a request or from storage, as defaulter-gen's functions do
// for built-in kinds. Each kind calls it from an init function in its own file.
func registerKinds(types ...runtime.Object) {
	localSchemeBuilder.Register(func(scheme *runtime.Scheme) error {
		scheme.AddKnownTypes(SchemeGroupVersion, types...)
		scheme.AddKnownTypes(internalGroupVersion, types...)
		for _, t := range types {
			if _, ok := t.(defaulter); ok {
				scheme.AddTypeDefaultingFunc(t, func(obj any) { obj.(defaulter).Default() })
			}
		}
		return nil
	})
}

// defaulter is a type with a Default method (see pkg/registry/hooks.go).
type defaulter interface {
	Default()
}

// Resource qualifies a plural resource name with this package's group.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

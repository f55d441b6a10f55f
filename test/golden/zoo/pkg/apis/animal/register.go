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

package animal

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the name of the API group this package belongs to.
const GroupName = "animal.demo.io"

// SchemeGroupVersion is the internal version of the group: the hub its
// versions are converted through. Clients never see it.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: runtime.APIVersionInternal}

var (
	// SchemeBuilder collects the functions that add this package's types to a scheme.
	// Each kind's types file adds its own types (see registerKinds).
	SchemeBuilder runtime.SchemeBuilder
	// localSchemeBuilder is a pointer so that AddToScheme below sees the functions
	// registered by init functions, which run after package variables are set.
	localSchemeBuilder = &SchemeBuilder
	// AddToScheme adds the internal types of this group to a scheme.
	AddToScheme = localSchemeBuilder.AddToScheme
)

// registerKinds registers the given types under the internal version. Each
// kind calls it from an init function in its own file.
func registerKinds(types ...runtime.Object) {
	localSchemeBuilder.Register(func(scheme *runtime.Scheme) error {
		scheme.AddKnownTypes(SchemeGroupVersion, types...)
		return nil
	})
}

// Resource qualifies a plural resource name with this package's group.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

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

// Package v1beta1 is version v1beta1 of the animal.demo.io API group.
//
// Some kinds of this package are served in several versions: they are
// converted to the internal (hub) types of demo.io/zoo/pkg/apis/animal and back,
// by the functions conversion-gen writes into zz_generated.conversion.go and
// those you write in conversion.go. The other kinds are served as they are,
// registered under v1beta1 and under the internal version as well, so
// each is its own hub.
//
// +k8s:deepcopy-gen=package
// +k8s:conversion-gen=demo.io/zoo/pkg/apis/animal
// +k8s:openapi-gen=true
// +k8s:openapi-model-package=io.demo.zoo.pkg.apis.animal.v1beta1
// +groupName=animal.demo.io
package v1beta1

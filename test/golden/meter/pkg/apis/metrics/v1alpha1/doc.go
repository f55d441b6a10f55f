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

// Package v1alpha1 is version v1alpha1 of the metrics.demo.io API group.
//
// The Go types in this package are served as they are: each is registered under
// v1alpha1 and under the internal version as well, so it is its own hub and no
// conversion code is needed as long as each kind is served in one version.
// The only generated conversions are those a type asks for explicitly: from
// query parameters (url.Values) to an options type, such as the options of
// a connect subresource.
//
// +k8s:deepcopy-gen=package
// +k8s:conversion-gen=false
// +k8s:openapi-gen=true
// +k8s:openapi-model-package=io.demo.meter.pkg.apis.metrics.v1alpha1
// +groupName=metrics.demo.io
package v1alpha1

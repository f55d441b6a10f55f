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

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:conversion-gen:explicit-from=net/url.Values
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DogBarkOptions are the query parameters of the dogs/bark subresource, as
// in POST .../dogs/NAME/bark?follow=true&tailLines=10. The server decodes
// them with the conversion from url.Values that conversion-gen writes: add a
// field here, run `make generate` (or `apiboot generate`), and it is a query
// parameter.
type DogBarkOptions struct {
	metav1.TypeMeta `json:",inline"`

	// Follow keeps the stream open, writing new lines as they come, until
	// the client disconnects.
	// +optional
	Follow bool `json:"follow,omitempty"`
	// TailLines is how many of the most recent lines to write first. All
	// lines are written if it is not set.
	// +optional
	TailLines *int64 `json:"tailLines,omitempty"`
}

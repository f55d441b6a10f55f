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
)

func init() {
	registerKinds(&NamespaceSummary{}, &NamespaceSummaryList{})
}

// The typed client (pkg/generated) has the verbs the handler serves: any
// other would be answered 405 MethodNotAllowed. Keep onlyVerbs in step with
// --verbs, as recorded in PROJECT.
// +genclient
// +genclient:nonNamespaced
// +genclient:onlyVerbs=get,list
// +resourceName=namespacesummaries
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NamespaceSummary is a summary of the pods of one namespace, computed by the
// server whenever it is read (see pkg/registry/metrics/namespacesummary/handler.go):
// it is not stored, and is named after the namespace.
type NamespaceSummary struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Status is what the server computed.
	// +optional
	Status NamespaceSummaryStatus `json:"status,omitempty"`
}

// The fields below are an example. Replace them with what your handler
// computes, then run `make generate` (or `apiboot generate`) to update
// generated code.

// NamespaceSummaryStatus is computed by the handler.
type NamespaceSummaryStatus struct {
	// Pods is the number of pods in the namespace.
	Pods int32 `json:"pods"`
	// Running is the number of pods in the Running phase.
	Running int32 `json:"running"`
	// Restarts is the number of container restarts of every pod.
	Restarts int32 `json:"restarts"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NamespaceSummaryList is a list of NamespaceSummary objects.
type NamespaceSummaryList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []NamespaceSummary `json:"items"`
}

// TableColumns are the columns of kubectl get, after NAME and before AGE.
// Priority 1 columns show with -o wide.
func (o *NamespaceSummary) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Pods", Type: "integer", Description: "Pods in the namespace (status.pods)."},
		{Name: "Running", Type: "integer", Description: "Pods in the Running phase (status.running)."},
		{Name: "Restarts", Type: "integer", Description: "Container restarts (status.restarts)."},
	}
}

// TableCells are the values of the columns of TableColumns, in order.
func (o *NamespaceSummary) TableCells() []any {
	return []any{o.Status.Pods, o.Status.Running, o.Status.Restarts}
}

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
	"k8s.io/apimachinery/pkg/fields"
)

func init() {
	registerKinds(&PodSummary{}, &PodSummaryList{})
}

// The typed client (pkg/generated) has the verbs the handler serves: any
// other would be answered 405 MethodNotAllowed. Keep onlyVerbs in step with
// --verbs, as recorded in PROJECT.
// +genclient
// +genclient:onlyVerbs=get,list
// +resourceName=podsummaries
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// PodSummary is a summary of one pod, computed by the server from the pod
// whenever it is read (see pkg/registry/metrics/podsummary/handler.go):
// it is not stored, and has the pod's name, namespace and labels.
type PodSummary struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Status is what the server computed.
	// +optional
	Status PodSummaryStatus `json:"status,omitempty"`
}

// The fields below are an example. Replace them with what your handler
// computes, then run `make generate` (or `apiboot generate`) to update
// generated code.

// PodSummaryStatus is computed by the handler.
type PodSummaryStatus struct {
	// Phase is the pod's phase: Pending, Running, Succeeded, Failed or Unknown.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Node is the node the pod runs on.
	// +optional
	Node string `json:"node,omitempty"`
	// Ready is the number of ready containers over all containers, as in 1/2.
	// +optional
	Ready string `json:"ready,omitempty"`
	// Restarts is the number of container restarts.
	// +optional
	Restarts int32 `json:"restarts,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// PodSummaryList is a list of PodSummary objects.
type PodSummaryList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []PodSummary `json:"items"`
}

// TableColumns are the columns of kubectl get, after NAME and before AGE.
// Priority 1 columns show with -o wide.
func (o *PodSummary) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Phase", Type: "string", Description: "The pod's phase (status.phase)."},
		{Name: "Ready", Type: "string", Description: "Ready containers over all containers (status.ready)."},
		{Name: "Restarts", Type: "integer", Description: "Container restarts (status.restarts)."},
		{Name: "Node", Type: "string", Priority: 1, Description: "The node the pod runs on (status.node)."},
	}
}

// TableCells are the values of the columns of TableColumns, in order.
func (o *PodSummary) TableCells() []any {
	return []any{o.Status.Phase, o.Status.Ready, o.Status.Restarts, o.Status.Node}
}

// SelectableFields are the fields kubectl get --field-selector can select
// by, besides metadata.name and metadata.namespace.
func (o *PodSummary) SelectableFields() fields.Set {
	return fields.Set{"status.phase": o.Status.Phase, "status.node": o.Status.Node}
}

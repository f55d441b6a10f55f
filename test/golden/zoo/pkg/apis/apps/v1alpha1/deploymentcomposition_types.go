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

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func init() {
	registerKinds(&DeploymentComposition{}, &DeploymentCompositionList{})
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DeploymentComposition is what the compositions subresource of apps/v1
// deployments returns: GET
// /apis/apps.demo.io/v1alpha1/namespaces/NAMESPACE/deployments/NAME/compositions.
// The server computes it from the Deployment on every request and never
// stores it, so it has no verb but get; the name * reads it for every
// Deployment at once, as a DeploymentCompositionList.
type DeploymentComposition struct {
	metav1.TypeMeta `json:",inline"`
	// Metadata identifies the Deployment the DeploymentComposition was computed from:
	// its name, namespace, uid, resourceVersion and creationTimestamp. As with
	// the scale subresource, a client can tell from the resourceVersion which
	// state of the Deployment it sees.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Status is computed from the Deployment.
	// +optional
	Status DeploymentCompositionStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DeploymentCompositionList is what GET
// /apis/apps.demo.io/v1alpha1/namespaces/NAMESPACE/deployments/*/compositions
// returns: one DeploymentComposition per Deployment of the namespace, or of every
// namespace without one (/apis/apps.demo.io/v1alpha1/deployments/*/compositions).
type DeploymentCompositionList struct {
	metav1.TypeMeta `json:",inline"`
	// Metadata carries the resourceVersion of the list of deployments read.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the DeploymentComposition objects, one per Deployment.
	Items []DeploymentComposition `json:"items"`
}

// The field below is an example. Replace it with what your subresource
// computes, edit compose in pkg/registry/apps/deploymentcomposition/compose.go,
// then run `make generate` (or `apiboot generate`) to update generated code.

// DeploymentCompositionStatus is computed from a Deployment.
type DeploymentCompositionStatus struct {
	// Replicas is the number of pods the Deployment asks for: its spec.replicas.
	Replicas int32 `json:"replicas"`
}

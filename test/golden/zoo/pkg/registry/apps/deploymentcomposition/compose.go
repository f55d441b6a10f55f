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

package deploymentcomposition

import (
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"demo.io/zoo/pkg/apis/apps/v1alpha1"
)

// compose computes the compositions of a Deployment: this is the place
// for your logic. The example below is a stand-in: replace it, and
// DeploymentCompositionStatus with what it returns.
func compose(parent *appsv1.Deployment) *v1alpha1.DeploymentComposition {
	// The kube-apiserver defaults spec.replicas, so it is only nil on a
	// Deployment that did not come from it.
	replicas := int32(1)
	if parent.Spec.Replicas != nil {
		replicas = *parent.Spec.Replicas
	}
	return &v1alpha1.DeploymentComposition{
		// The identity of the Deployment, as the scale subresource gives it.
		ObjectMeta: metav1.ObjectMeta{
			Name:              parent.Name,
			Namespace:         parent.Namespace,
			UID:               parent.UID,
			ResourceVersion:   parent.ResourceVersion,
			CreationTimestamp: parent.CreationTimestamp,
		},
		Status: v1alpha1.DeploymentCompositionStatus{Replicas: replicas},
	}
}

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

// +genclient
// +resourceName=dogs
// +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s.io/api/autoscaling/v1.Scale,result=k8s.io/api/autoscaling/v1.Scale
// +apiboot:scaffold:genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Dog is a namespaced resource of animal.demo.io/v1, with a status subresource.
type Dog struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired state of the Dog.
	// +optional
	Spec DogSpec `json:"spec,omitempty"`
	// Status is the observed state of the Dog. It changes only through
	// the status subresource.
	// +optional
	Status DogStatus `json:"status,omitempty"`
}

// DogSpec is the desired state of a Dog.
type DogSpec struct {
	// Name is what the Dog is called. It is required.
	Name string `json:"name"`
	// Replicas is the desired number of instances. Defaults to 1.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
}

// DogStatus is the observed state of a Dog.
type DogStatus struct {
	// Phase is a short summary of the Dog's state.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Conditions are the latest observations of the Dog's state.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// Replicas is the number of instances observed: the scale subresource
	// reports it as status.replicas.
	// +optional
	Replicas int32 `json:"replicas,omitempty"`
	// Selector selects the instances' pods, as a label selector in string form
	// (app=NAME): a HorizontalPodAutoscaler reads it from the scale subresource.
	// +optional
	Selector string `json:"selector,omitempty"`
	// +apiboot:scaffold:status-fields
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// DogList is a list of Dog objects.
type DogList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the Dog objects in the list.
	Items []Dog `json:"items"`
}

// Default sets default values. The scheme calls it whenever it decodes a
// Dog: from a request, before admission and validation, and from
// storage, so that a default added later applies to older objects too.
func (o *Dog) Default() {
	if o.Spec.Replicas == nil {
		one := int32(1)
		o.Spec.Replicas = &one
	}
}

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
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func init() {
	registerKinds(&Dog{}, &DogList{})
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Dog is a namespaced resource of animal.demo.io, with a status subresource.
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

// The fields below are examples: a required one (checked by Validate) and an
// optional one with a default (set by Default). Replace them with your own,
// then run `make generate` (or `apiboot generate`) to update generated code.

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

// The methods below are hooks: the server's generic strategy calls each one
// the type has (see pkg/registry/hooks.go for all of them). Edit them, delete
// the ones you do not need, or add others.

// Validate checks a Dog on create and update. The server answers an
// invalid object with 422 Unprocessable Entity and these messages. On update,
// an error the stored object has too is ignored, so tightening a rule never
// blocks updates of older objects that do not touch the invalid value.
func (o *Dog) Validate(ctx context.Context) field.ErrorList {
	var errs field.ErrorList
	if o.Spec.Name == "" {
		errs = append(errs, field.Required(field.NewPath("spec", "name"), "a name is required"))
	}
	if o.Spec.Replicas != nil && *o.Spec.Replicas < 0 {
		errs = append(errs, field.Invalid(field.NewPath("spec", "replicas"), *o.Spec.Replicas, "must not be negative"))
	}
	return errs
}

// TableColumns are the columns `kubectl get dogs` shows between NAME and
// AGE. Columns with a priority above 0 show with -o wide only.
func (o *Dog) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Display Name", Type: "string", Description: "What the Dog is called (spec.name)."},
		{Name: "Replicas", Type: "integer", Description: "The desired number of instances (spec.replicas)."},
		{Name: "Phase", Type: "string", Priority: 1, Description: "A short summary of the Dog's state (status.phase)."},
	}
}

// TableCells returns the cells of a Dog's row: one for each column of
// TableColumns, in the same order.
func (o *Dog) TableCells() []any {
	// An empty cell (nil) shows as <none>; any other value must be of the
	// column's type.
	var replicas any
	if o.Spec.Replicas != nil {
		replicas = *o.Spec.Replicas
	}
	return []any{o.Spec.Name, replicas, o.Status.Phase}
}

// SelectableFields are the fields lists and watches can select dogs by,
// besides metadata.name and metadata.namespace: kubectl get dogs
// --field-selector spec.name=NAME. Return the same fields for every object.
func (o *Dog) SelectableFields() fields.Set {
	return fields.Set{"spec.name": o.Spec.Name}
}

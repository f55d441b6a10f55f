/*
Copyright 2026 The Demo Authors.

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
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func init() {
	registerKinds(&Cat{}, &CatList{})
}

// +genclient
// +resourceName=cats
// +apiboot:scaffold:genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Cat is a namespaced resource of animal.demo.io/v1alpha1, with a status subresource.
type Cat struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired state of the Cat.
	// +optional
	Spec CatSpec `json:"spec,omitempty"`
	// Status is the observed state of the Cat. It changes only through
	// the status subresource.
	// +optional
	Status CatStatus `json:"status,omitempty"`
}

// The fields below are examples: a required one (checked by Validate) and an
// optional one with a default (set by Default). Replace them with your own,
// then run `make generate` (or `apiboot generate`) to update generated code.

// CatSpec is the desired state of a Cat.
type CatSpec struct {
	// Name is what the Cat is called. It is required.
	Name string `json:"name"`
	// Replicas is the desired number of instances. Defaults to 1.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
}

// CatStatus is the observed state of a Cat.
type CatStatus struct {
	// Phase is a short summary of the Cat's state.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Conditions are the latest observations of the Cat's state.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// ObservedGeneration is the metadata.generation of the spec the controller
	// last acted on.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// +apiboot:scaffold:status-fields
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// CatList is a list of Cat objects.
type CatList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the Cat objects in the list.
	Items []Cat `json:"items"`
}

// The methods below are hooks: the server's generic strategy calls each one
// the type has (see pkg/registry/hooks.go for all of them). Edit them, delete
// the ones you do not need, or add others.

// Default sets default values. The scheme calls it whenever it decodes a
// Cat: from a request, before admission and validation, and from
// storage, so that a default added later applies to older objects too.
func (o *Cat) Default() {
	if o.Spec.Replicas == nil {
		one := int32(1)
		o.Spec.Replicas = &one
	}
}

// Validate checks a Cat on create and update. The server answers an
// invalid object with 422 Unprocessable Entity and these messages. On update,
// an error the stored object has too is ignored, so tightening a rule never
// blocks updates of older objects that do not touch the invalid value.
func (o *Cat) Validate(ctx context.Context) field.ErrorList {
	var errs field.ErrorList
	if o.Spec.Name == "" {
		errs = append(errs, field.Required(field.NewPath("spec", "name"), "a name is required"))
	}
	if o.Spec.Replicas != nil && *o.Spec.Replicas < 0 {
		errs = append(errs, field.Invalid(field.NewPath("spec", "replicas"), *o.Spec.Replicas, "must not be negative"))
	}
	return errs
}

// TableColumns are the columns `kubectl get cats` shows between NAME and
// AGE. Columns with a priority above 0 show with -o wide only.
func (o *Cat) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Display Name", Type: "string", Description: "What the Cat is called (spec.name)."},
		{Name: "Replicas", Type: "integer", Description: "The desired number of instances (spec.replicas)."},
		{Name: "Phase", Type: "string", Priority: 1, Description: "A short summary of the Cat's state (status.phase)."},
	}
}

// TableCells returns the cells of a Cat's row: one for each column of
// TableColumns, in the same order.
func (o *Cat) TableCells() []any {
	// An empty cell (nil) shows as <none>; any other value must be of the
	// column's type.
	var replicas any
	if o.Spec.Replicas != nil {
		replicas = *o.Spec.Replicas
	}
	return []any{o.Spec.Name, replicas, o.Status.Phase}
}

// SelectableFields are the fields lists and watches can select cats by,
// besides metadata.name and metadata.namespace: kubectl get cats
// --field-selector spec.name=NAME. Return the same fields for every object.
func (o *Cat) SelectableFields() fields.Set {
	return fields.Set{"spec.name": o.Spec.Name}
}

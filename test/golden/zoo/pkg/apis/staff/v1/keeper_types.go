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
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func init() {
	registerKinds(&Keeper{}, &KeeperList{})
}

// +genclient
// +resourceName=keepers
// +apiboot:scaffold:genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Keeper is a namespaced resource of staff.demo.io/v1.
type Keeper struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired state of the Keeper.
	// +optional
	Spec KeeperSpec `json:"spec,omitempty"`
	// Status is the observed state of the Keeper. It changes only through
	// the status subresource.
	// +optional
	Status KeeperStatus `json:"status,omitempty"`
}

// The fields below are examples: a required one (checked by Validate) and an
// optional one with a default (set by Default). Replace them with your own,
// then run `make generate` (or `apiboot generate`) to update generated code.

// KeeperSpec is the desired state of a Keeper.
type KeeperSpec struct {
	// Name is what the Keeper is called. It is required.
	Name string `json:"name"`
	// Replicas is the desired number of instances. Defaults to 1.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// KeeperList is a list of Keeper objects.
type KeeperList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the Keeper objects in the list.
	Items []Keeper `json:"items"`
}

// The methods below are hooks: the server's generic strategy calls each one
// the type has (see pkg/registry/hooks.go for all of them). Edit them, delete
// the ones you do not need, or add others.

// Default sets default values. The scheme calls it whenever it decodes a
// Keeper: from a request, before admission and validation, and from
// storage, so that a default added later applies to older objects too.
func (o *Keeper) Default() {
	if o.Spec.Replicas == nil {
		one := int32(1)
		o.Spec.Replicas = &one
	}
}

// Validate checks a Keeper on create and update. The server answers an
// invalid object with 422 Unprocessable Entity and these messages. On update,
// an error the stored object has too is ignored, so tightening a rule never
// blocks updates of older objects that do not touch the invalid value.
func (o *Keeper) Validate(ctx context.Context) field.ErrorList {
	var errs field.ErrorList
	if o.Spec.Name == "" {
		errs = append(errs, field.Required(field.NewPath("spec", "name"), "a name is required"))
	}
	if o.Spec.Replicas != nil && *o.Spec.Replicas < 0 {
		errs = append(errs, field.Invalid(field.NewPath("spec", "replicas"), *o.Spec.Replicas, "must not be negative"))
	}
	return errs
}

// TableColumns are the columns `kubectl get keepers` shows between NAME and
// AGE. Columns with a priority above 0 show with -o wide only.
func (o *Keeper) TableColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Display Name", Type: "string", Description: "What the Keeper is called (spec.name)."},
		{Name: "Replicas", Type: "integer", Description: "The desired number of instances (spec.replicas)."},
	}
}

// TableCells returns the cells of a Keeper's row: one for each column of
// TableColumns, in the same order.
func (o *Keeper) TableCells() []any {
	// An empty cell (nil) shows as <none>; any other value must be of the
	// column's type.
	var replicas any
	if o.Spec.Replicas != nil {
		replicas = *o.Spec.Replicas
	}
	return []any{o.Spec.Name, replicas}
}

// SelectableFields are the fields lists and watches can select keepers by,
// besides metadata.name and metadata.namespace: kubectl get keepers
// --field-selector spec.name=NAME. Return the same fields for every object.
func (o *Keeper) SelectableFields() fields.Set {
	return fields.Set{"spec.name": o.Spec.Name}
}

// KeeperStatus is the observed state of a Keeper.
type KeeperStatus struct {
	// Phase is a short summary of the Keeper's state.
	// +optional
	Phase string `json:"phase,omitempty"`
	// Conditions are the latest observations of the Keeper's state.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`
	// +apiboot:scaffold:status-fields
}

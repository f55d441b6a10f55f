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

package registry

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The hooks below are optional methods the generic strategy calls on an
// object when its type has them. T is the same pointer type as the object,
// such as *v1alpha1.Cat, so hooks never need a type assertion.

// Defaulter sets default values. It is called on create and on update of the
// main resource, before PrepareForCreate or PrepareForUpdate and validation.
type Defaulter interface {
	Default()
}

// CreatePreparer normalizes an object before it is validated and created:
// for example, it sets an initial status.
type CreatePreparer interface {
	PrepareForCreate(ctx context.Context)
}

// UpdatePreparer normalizes an object before it is validated and updated.
// old is the object as it is stored.
type UpdatePreparer[T runtime.Object] interface {
	PrepareForUpdate(ctx context.Context, old T)
}

// Validator checks an object on create and on update of the main resource.
type Validator interface {
	Validate(ctx context.Context) field.ErrorList
}

// UpdateValidator checks an update of the main resource, in addition to
// Validator: for example, that a field does not change.
type UpdateValidator[T runtime.Object] interface {
	ValidateUpdate(ctx context.Context, old T) field.ErrorList
}

// StatusValidator checks an update through the status subresource. Only the
// status can have changed.
type StatusValidator[T runtime.Object] interface {
	ValidateStatusUpdate(ctx context.Context, old T) field.ErrorList
}

// Warner returns warnings for the client on create and update of the main
// resource, such as the use of a deprecated field.
type Warner interface {
	Warnings(ctx context.Context) []string
}

// TablePrinter adds columns to the table kubectl get shows, between the NAME
// and AGE columns every kind has. kubectl shows the columns of priority 0 by
// default, and the others too with -o wide.
type TablePrinter interface {
	// TableColumns describes the columns. It is called once, on an empty
	// object, so the columns must not depend on the object.
	TableColumns() []metav1.TableColumnDefinition
	// TableCells returns the object's cells: one for each column of
	// TableColumns, in the same order.
	TableCells() []any
}

// FieldSelectable adds fields that lists and watches can select objects by
// (kubectl get --field-selector), besides metadata.name and, for namespaced
// kinds, metadata.namespace.
type FieldSelectable interface {
	// SelectableFields returns the fields, by path (such as spec.name), and
	// their values in string form. It must return the same paths for every
	// object: the server learns which fields are selectable, and rejects
	// selectors on any other field, by calling it on an empty object.
	SelectableFields() fields.Set
}

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

package registry

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The hooks below are optional methods the generic strategy calls on an
// object when its type has them. T is the same pointer type as the object,
// such as *v1alpha1.Cat, so hooks never need a type assertion.
//
// A hook is found by its method set, so a method with a hook's name but
// another signature would be ignored: NewStorage refuses such a type, and
// each kind's storage.go asserts the hooks its type has at compile time.

// Defaulter sets default values. The scheme calls it whenever it decodes an
// object of the type: a request's body (so admission sees the defaults),
// and every object read from storage (so a default added in a later release
// applies to older objects too). Each API package registers it with
// runtime.Scheme.AddTypeDefaultingFunc, in register.go.
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
// On update, only the errors the stored object does not have count: see
// Strategy.ValidateUpdate.
type Validator interface {
	Validate(ctx context.Context) field.ErrorList
}

// UpdateValidator checks an update of the main resource, in addition to
// Validator: for example, that a field does not change.
type UpdateValidator[T runtime.Object] interface {
	ValidateUpdate(ctx context.Context, old T) field.ErrorList
}

// StatusValidator checks an update through the status subresource, besides
// what the registry checks in every status (see Status). Only the status can
// have changed.
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

// checkHooks returns an error for each method of obj that has the name of a
// hook but not its signature, such as Validate() field.ErrorList: the
// strategy would silently never call it.
func checkHooks[T runtime.Object](obj T) error {
	// Whether obj implements the hook of each name.
	hooks := map[string]bool{
		"Default":              isA[Defaulter](obj),
		"PrepareForCreate":     isA[CreatePreparer](obj),
		"PrepareForUpdate":     isA[UpdatePreparer[T]](obj),
		"Validate":             isA[Validator](obj),
		"ValidateUpdate":       isA[UpdateValidator[T]](obj),
		"ValidateStatusUpdate": isA[StatusValidator[T]](obj),
		"Warnings":             isA[Warner](obj),
		"TableColumns":         isA[TablePrinter](obj),
		"TableCells":           isA[TablePrinter](obj),
		"SelectableFields":     isA[FieldSelectable](obj),
	}
	var errs []error
	t := reflect.TypeOf(obj)
	for i := range t.NumMethod() {
		name := t.Method(i).Name
		if implemented, isHook := hooks[name]; isHook && !implemented {
			errs = append(errs, fmt.Errorf("%s has a method %s without the signature of the hook of that name (see pkg/registry/hooks.go): it would never be called", t, name))
		}
	}
	return errors.Join(errs...)
}

func isA[I any](obj any) bool {
	_, ok := obj.(I)
	return ok
}

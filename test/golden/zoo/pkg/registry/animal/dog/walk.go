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

package dog

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"demo.io/zoo/pkg/apis/animal"
)

// This file is the dogs/NAME/walk subresource: put your logic
// here. The server calls these functions; it fills in the DogWalk's
// metadata, checks resourceVersion and uid preconditions, and saves the Dog.
//
// The example keeps a note in an annotation of the Dog: replace it.

// walkNoteAnnotation is where the example keeps its note.
const walkNoteAnnotation = "walk.animal.demo.io/note"

// getWalk returns a Dog's walk subresource: what GET
// .../dogs/NAME/walk shows, and what a PATCH applies to.
func getWalk(ctx context.Context, obj *animal.Dog) (*animal.DogWalk, error) {
	return &animal.DogWalk{Note: obj.Annotations[walkNoteAnnotation]}, nil
}

// updateWalk serves a PUT or PATCH of .../dogs/NAME/walk. obj is a
// copy of the stored Dog: change it, and the server saves it, status
// included, and validates it with the Dog's hooks. Return an API error,
// such as apierrors.NewInvalid, to refuse the request.
func updateWalk(ctx context.Context, obj *animal.Dog, req *animal.DogWalk) error {
	if req.Note == "" {
		errs := field.ErrorList{field.Required(field.NewPath("note"), "a note is required")}
		return apierrors.NewInvalid(animal.SchemeGroupVersion.WithKind("DogWalk").GroupKind(), obj.Name, errs)
	}
	if obj.Annotations == nil {
		obj.Annotations = map[string]string{}
	}
	obj.Annotations[walkNoteAnnotation] = req.Note
	return nil
}

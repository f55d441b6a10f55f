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

package cat

import (
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"demo.io/zoo/pkg/apis/animal/v1alpha1"
)

// This file is the cats/NAME/feed subresource: put your logic
// here. The server calls these functions; it fills in the CatFeed's
// metadata, checks resourceVersion and uid preconditions, and saves the Cat.
//
// The example keeps a note in an annotation of the Cat: replace it.

// feedNoteAnnotation is where the example keeps its note.
const feedNoteAnnotation = "feed.animal.demo.io/note"

// getFeed returns a Cat's feed subresource: what GET
// .../cats/NAME/feed shows, and what a PATCH applies to.
func getFeed(ctx context.Context, obj *v1alpha1.Cat) (*v1alpha1.CatFeed, error) {
	return &v1alpha1.CatFeed{Note: obj.Annotations[feedNoteAnnotation]}, nil
}

// updateFeed serves a PUT or PATCH of .../cats/NAME/feed. obj is a
// copy of the stored Cat: change it, and the server saves it, status
// included, and validates it with the Cat's hooks. Return an API error,
// such as apierrors.NewInvalid, to refuse the request.
func updateFeed(ctx context.Context, obj *v1alpha1.Cat, req *v1alpha1.CatFeed) error {
	if req.Note == "" {
		errs := field.ErrorList{field.Required(field.NewPath("note"), "a note is required")}
		return apierrors.NewInvalid(v1alpha1.SchemeGroupVersion.WithKind("CatFeed").GroupKind(), obj.Name, errs)
	}
	if obj.Annotations == nil {
		obj.Annotations = map[string]string{}
	}
	obj.Annotations[feedNoteAnnotation] = req.Note
	return nil
}

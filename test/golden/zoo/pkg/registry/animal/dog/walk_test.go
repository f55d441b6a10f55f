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
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"demo.io/zoo/pkg/apis/animal"
)

func TestWalk(t *testing.T) {
	ctx := context.Background()
	obj := &animal.Dog{ObjectMeta: metav1.ObjectMeta{Name: "example"}}

	if err := updateWalk(ctx, obj, &animal.DogWalk{Note: "hello"}); err != nil {
		t.Fatal(err)
	}
	got, err := getWalk(ctx, obj)
	if err != nil || got.Note != "hello" {
		t.Errorf("after an update, get returned %+v, %v; want the note hello", got, err)
	}

	err = updateWalk(ctx, obj, &animal.DogWalk{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("an empty note gave %v, want Invalid", err)
	}
	if details := err.(apierrors.APIStatus).Status().Details; details.Kind != "DogWalk" || details.Causes[0].Field != "note" {
		t.Errorf("the error details are %+v, want kind DogWalk and field note", details)
	}
}

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
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"demo.io/zoo/pkg/apis/animal"
)

func TestConnectBark(t *testing.T) {
	obj := &animal.Dog{ObjectMeta: metav1.ObjectMeta{Name: "example"}}
	two := int64(2)
	handler, err := connectBark(context.Background(), obj, &animal.DogBarkOptions{TailLines: &two})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "example ") {
		t.Errorf("tailLines=2 wrote %q, want two lines about example", rec.Body.String())
	}

	negative := int64(-1)
	if _, err := connectBark(context.Background(), obj, &animal.DogBarkOptions{TailLines: &negative}); !apierrors.IsBadRequest(err) {
		t.Errorf("tailLines=-1 gave %v, want BadRequest", err)
	}
}

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

package main

import (
	"slices"
	"strings"
	"testing"
)

func TestParseSteps(t *testing.T) {
	steps, err := parseSteps([]string{
		"deepcopy-gen", "--output-file", "zz_generated.deepcopy.go", "example.com/apis/a/v1", "example.com/apis/b/v1", ";",
		"lister-gen", "--output-dir", "out", "--output-pkg", "example.com/out", "example.com/apis/a/v1", ";",
		// client-gen reads the group versions of --input under --input-base,
		// not its arguments.
		"client-gen", "--output-dir", "out", "--output-pkg", "example.com/out", "--clientset-name", "versioned",
		"--input-base", "example.com/apis", "--input", "a/v1", "--input", "b/v1",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"deepcopy-gen": {"example.com/apis/a/v1", "example.com/apis/b/v1"},
		"lister-gen":   {"example.com/apis/a/v1"},
		"client-gen":   {"example.com/apis/a/v1", "example.com/apis/b/v1"},
	}
	var order []string
	for _, s := range steps {
		order = append(order, s.name)
		if !slices.Equal(s.packages, want[s.name]) {
			t.Errorf("%s reads %v, want %v", s.name, s.packages, want[s.name])
		}
		if s.nameSystems[s.defaultNameSystem] == nil {
			t.Errorf("%s orders types by %q, a name system it does not have", s.name, s.defaultNameSystem)
		}
	}
	if !slices.Equal(order, []string{"deepcopy-gen", "lister-gen", "client-gen"}) {
		t.Errorf("steps run in the order %v", order)
	}
}

func TestParseStepsLeavesOutAGeneratorWithoutPackages(t *testing.T) {
	steps, err := parseSteps([]string{"deepcopy-gen", "--output-file", "zz_generated.deepcopy.go", ";", ";"})
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 0 {
		t.Errorf("got %d steps, want none", len(steps))
	}
}

func TestParseStepsRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"protobuf-gen", "example.com/apis/a/v1"}, `unknown generator "protobuf-gen"`},
		{[]string{"deepcopy-gen", "--no-such-flag", "example.com/apis/a/v1"}, "deepcopy-gen: unknown flag: --no-such-flag"},
		// Each generator's own checks apply.
		{[]string{"deepcopy-gen", "--output-file=", "example.com/apis/a/v1"}, "deepcopy-gen: --output-file must be specified"},
		{[]string{"lister-gen", "--output-dir", "out", "example.com/apis/a/v1"}, "lister-gen: --output-pkg must be specified"},
		{[]string{"conversion-gen", "--output-file", "x.go", "--build-tag", "other", "example.com/apis/a/v1"}, "--build-tag must be"},
	} {
		_, err := parseSteps(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseSteps(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}

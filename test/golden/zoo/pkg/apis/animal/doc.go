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

// Package animal holds the internal (hub) types of the animal.demo.io API
// group, for its kinds that are served in several versions. Every version of
// such a kind is converted to its type here and back (see
// zz_generated.conversion.go and conversion.go in each version's package), and
// the server works on these types only: its strategy calls their hooks
// (validation, tables, field selectors; see pkg/registry/hooks.go), and etcd
// stores them in the kind's storage version. They are never served as they are.
//
// Defaults belong to each version (a Default method on the versioned type): a
// request is defaulted in the version it was sent in, before conversion.
//
// +k8s:deepcopy-gen=package
// +groupName=animal.demo.io
package animal

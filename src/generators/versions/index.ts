// A kind served in several versions, in four jobs: the first split of a kind into its internal (hub) type and its
// versions, a new version, subresources across every version, and the version etcd stores the kind in.
export { addVersion, checkSameNames, refreshVersion, type AddVersionOptions } from './new-version.js';
export { addSubresourceInVersions } from './subresources.js';
export { emitStorageVersions, setStorageVersion, storageVersionOf, storageVersionsModel } from './storage-version.js';
export { kindModel } from './version-files.js';

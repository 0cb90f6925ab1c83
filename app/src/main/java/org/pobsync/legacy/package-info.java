/**
 * Legacy YAML migration: {@code manage import-configs} and {@code manage export-configs}.
 *
 * <p>The layout ({@code config/global.yaml}, {@code config/hosts/<host>.yaml}) is described in
 * {@code docs/legacy-yaml.md}. Reading composes a YAML node tree with a bounded loader and builds
 * only plain scalars with SnakeYAML's {@code SafeConstructor}, so every problem carries its file,
 * key path and line and no file can instantiate a Java type. An import checks everything (file
 * format here, values through {@code HostService.preview} and {@code GlobalConfigService.preview})
 * before it writes anything, then writes through the services in one transaction. The export
 * is deterministic, so export, import into an empty database and export again give the same bytes.
 */
package org.pobsync.legacy;

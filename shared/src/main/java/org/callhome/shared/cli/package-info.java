/**
 * What the command lines of every program share: usage errors and failures a user can fix
 * reported alike, with the same exit codes ({@code CommandLines}), checks of option values that
 * picocli's types do not express ({@code OptionChecks}), and the version and commit of the build
 * ({@code BuildInfo}). Part of shared's bottom layer: it uses picocli and the JDK only, no other
 * package of the project.
 */
package org.callhome.shared.cli;

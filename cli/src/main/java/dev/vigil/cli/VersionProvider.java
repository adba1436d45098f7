package dev.vigil.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VigilCommand.class.getPackage().getImplementationVersion();
        return new String[] {"vigil " + (version == null ? "(development build)" : version)};
    }
}

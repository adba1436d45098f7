package dev.vigil.service.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil service install}: writes the descriptors for one platform into a directory. It installs nothing
 * itself; the files say how (a script to run as Administrator, a unit to copy and enable).
 */
public final class ServiceInstaller {
    private ServiceInstaller() {
    }

    /** @return the files written */
    public static List<Path> write(ServiceDescriptor d, Platform platform, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        if (platform == Platform.WINDOWS) {
            written.add(write(outDir.resolve("install-" + d.name() + ".cmd"), ProcrunScript.install(d)));
            written.add(write(outDir.resolve("uninstall-" + d.name() + ".cmd"), ProcrunScript.uninstall(d)));
            written.add(write(outDir.resolve(d.name() + ".xml"), WinswXml.of(d)));
        } else {
            written.add(write(outDir.resolve(d.name() + ".service"), SystemdUnit.of(d)));
        }
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}

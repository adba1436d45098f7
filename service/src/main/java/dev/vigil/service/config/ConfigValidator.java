package dev.vigil.service.config;

import dev.vigil.core.config.ConfigProblem;
import dev.vigil.core.config.VigilConfig;

import java.util.List;

/** A rule across keys that a single key's parser cannot check; every problem is reported, not just the first. */
@FunctionalInterface
public interface ConfigValidator {
    List<ConfigProblem> validate(VigilConfig candidate);
}

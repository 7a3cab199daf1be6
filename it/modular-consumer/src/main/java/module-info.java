/**
 * A consumer of imds-detect that is a named module, as an application on the module path
 * would be. It compiles only if the Automatic-Module-Name in core's jar manifest is
 * io.github.imdsdetect.core.
 */
module io.github.imdsdetect.it.modularconsumer {
  requires io.github.imdsdetect.core;

  exports io.github.imdsdetect.it.modularconsumer;
}

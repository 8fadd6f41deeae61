/**
 * A user's module that requires every published Weft module: compiled and run on the module path by
 * the build (see this module's pom).
 */
module dev.weft.it {
    requires dev.weft;
    requires dev.weft.io;
    requires dev.weft.test;
}

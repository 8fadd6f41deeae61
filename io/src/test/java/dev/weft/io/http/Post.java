package dev.weft.io;

/** A jsonplaceholder post, decoded by Jackson in the tests. */
record Post(int userId, int id, String title, String body) {}

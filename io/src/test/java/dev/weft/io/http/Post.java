package dev.weft.io.http;

/** A jsonplaceholder post, decoded by Jackson in the tests. */
record Post(int userId, int id, String title, String body) {}

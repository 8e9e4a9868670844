// Command authctl generates and migrates the database schema of a Go auth config.
package main

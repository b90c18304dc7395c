// Rust: Cargo.toml and Cargo.lock.
import type { Format } from '../format.js';
import { cargoLock } from './cargo-lock.js';
import { cargoToml } from './cargo-toml.js';

export const CARGO_FORMATS: readonly Format[] = [cargoToml, cargoLock];

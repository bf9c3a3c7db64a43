import type { Driver, ObjectModel } from '../drivers/types';

/** A value the analysis knows: an object of one kind made by one driver. */
export interface DriverObject {
  readonly driver: Driver;
  readonly kind: string;
  readonly model: ObjectModel;
  /** Known only by its name (no import, no type): discarded results are not reported. */
  readonly byName: boolean;
}

/** The object of `kind` that `driver` makes, or null when the driver has no such kind. */
export function objectOfKind(driver: Driver, kind: string, byName = false): DriverObject | null {
  const model = driver.objects[kind];
  return model ? { driver, kind, model, byName } : null;
}

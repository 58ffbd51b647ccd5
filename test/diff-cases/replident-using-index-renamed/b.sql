CREATE TABLE devices (serial text NOT NULL, vendor text NOT NULL, model text, registered_at timestamptz NOT NULL);
CREATE UNIQUE INDEX devices_serial_unique ON devices (serial);
ALTER TABLE devices REPLICA IDENTITY USING INDEX devices_serial_unique;
CREATE TABLE firmware (device_serial text NOT NULL, version text NOT NULL, installed_at timestamptz NOT NULL, CONSTRAINT firmware_device_version_key UNIQUE (device_serial, version));
ALTER TABLE firmware REPLICA IDENTITY USING INDEX firmware_device_version_key;
CREATE VIEW device_models AS SELECT vendor, model, count(*) AS n FROM devices GROUP BY vendor, model;

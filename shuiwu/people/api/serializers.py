"""Serializers of the people API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.org.models import Staff
from shuiwu.people.choices import AttendanceStatus
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam


class TrainingSerializer(ScopedModelSerializer):
    emergency_readiness = serializers.BooleanField(read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "display",
            "company",
            "topic",
            "category",
            "emergency_readiness",
            "organiser",
            "trainer",
            "location",
            "start_on",
            "end_on",
            "hours",
            "description",
        ]


class AttendanceSerializer(ScopedModelSerializer):
    credited_hours = serializers.SerializerMethodField(help_text="Hours credited (course hours if present)")
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "training", "staff", "staff_name", "status", "hours", "credited_hours", "note"]

    def get_credited_hours(self, obj) -> float:
        value = getattr(obj, "credited", None)
        return float(value if value is not None else obj.credited_hours)


class SheetRowSerializer(serializers.Serializer):
    staff = serializers.PrimaryKeyRelatedField(queryset=Staff.objects.all())
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SheetSerializer(serializers.Serializer):
    rows = SheetRowSerializer(many=True, allow_empty=False)


class ActivitySerializer(ScopedModelSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "display",
            "company",
            "title",
            "kind",
            "organiser",
            "location",
            "start_on",
            "end_on",
            "description",
        ]


class ActivityEntrySerializer(ScopedModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = ActivityEntry
        fields = ["id", "activity", "staff", "staff_name", "role", "rank", "score", "award"]


class VolunteerTeamSerializer(ScopedModelSerializer):
    class Meta:
        model = VolunteerTeam
        fields = ["id", "display", "company", "name", "kind", "leader", "founded_on", "members", "description"]


class VolunteerServiceSerializer(ScopedModelSerializer):
    class Meta:
        model = VolunteerService
        fields = ["id", "team", "on_date", "title", "location", "hours", "participants", "note"]
